from django.urls import path

from jarida.newsroom import views

app_name = "newsroom"

urlpatterns = [path("corrections/", views.corrections, name="corrections")]
