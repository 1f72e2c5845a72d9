from django.urls import path

from jarida.readership import views

app_name = "readership"

urlpatterns = [
    path("most-read/count/<int:article_id>/", views.count_view, name="count"),
]
