"""Signing in and loading the signed-in user on each request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithPartyBackend(ModelBackend):
    """Django's ModelBackend, except that the user of a request comes with their party (the tenant,
    owner, board member or caretaker they are) in the same query: every portal page asks for
    `user.party`, which was a second query of its own on each request."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("party").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
