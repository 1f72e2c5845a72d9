from django.urls import path

from jarida.live import api

app_name = "live"

urlpatterns = [
    path("api/v1/live/<int:page_id>/updates", api.live_updates, name="api_updates"),
]
