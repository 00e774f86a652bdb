"""The contractor pages: reached only through the signed link in a work-order e-mail, no account."""

from django.urls import path

from . import contractor

app_name = "contractor"
urlpatterns = [
    path("<str:token>/", contractor.work_order, name="work_order"),
    path("<str:token>/foto/<int:pk>/", contractor.photo, name="photo"),
    path("<str:token>/foto/<int:pk>/vorschau/", contractor.photo, {"thumbnail": True}, name="photo_thumb"),
    path("<str:token>/<str:step>/", contractor.work_order_step, name="step"),
]
