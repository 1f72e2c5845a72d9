from django.urls import path

from jarida.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:article_id>/", views.post_comment, name="post"),
    path("comments/post/<int:article_id>/received/", views.received, name="received"),
    path("comments/token/<int:article_id>/", views.form_token, name="token"),
]
