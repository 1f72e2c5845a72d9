from django.urls import path

from jarida.news import views

app_name = "news"

urlpatterns = [
    path("a/<int:article_id>/", views.article_by_id, name="article_by_id"),
    path("tags/<str:slug>/", views.tag_page, name="tag"),
    path("authors/<str:slug>/", views.author_page, name="author"),
    path("archive/<int:year>/", views.archive, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.archive, name="archive_day"),
    path("corrections/", views.corrections, name="corrections"),
    path("about/", views.newsroom_page, {"name": "about"}, name="about"),
    path("contact/", views.newsroom_page, {"name": "contact"}, name="contact"),
]
