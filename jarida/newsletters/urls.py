from django.urls import path

from jarida.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/check/", views.check, name="check"),
    path("newsletter/token/", views.form_token, name="token"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/o/<int:edition_id>/<str:token>/", views.opened, name="opened"),
    path("newsletter/c/<int:edition_id>/<str:token>/", views.clicked, name="clicked"),
]
