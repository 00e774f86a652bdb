"""Signing in and loading the signed-in user on each request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied


class UserWithPartyBackend(ModelBackend):
    """Django's ModelBackend, except that the user of a request comes with their party (the tenant,
    owner, board member or caretaker they are) in the same query: every portal page asks for
    `user.party`, which was a second query of its own on each request.

    Django's ModelBackend stays listed after this one (config/settings.py) only so that sessions signed
    in under its path stay valid."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username, password, **kwargs)
        if user is None and password is not None:
            # Stop here: Django's backend next in the list would check the same password again, a second
            # run of the deliberately slow hasher for every failed sign-in.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("party")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


# What a sign-in without a password (the portal's magic link) names as its backend.
PATH = f"{UserWithPartyBackend.__module__}.{UserWithPartyBackend.__qualname__}"
