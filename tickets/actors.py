"""Who acts on a ticket: a staff user, a resident, a contractor through their link, or the system."""

from dataclasses import dataclass

from estate.models import Contractor, Party


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff", "resident", "contractor" or "system"
    user: object | None = None
    party: Party | None = None
    contractor: Contractor | None = None
    name: str = ""  # who, where no user or party says it: an ERP writing through the API

    @classmethod
    def for_user(cls, user) -> "Actor":
        if user.is_staff:
            return cls(kind="staff", user=user)
        return cls(kind="resident", user=user, party=getattr(user, "party", None))

    @classmethod
    def for_contractor(cls, contractor: Contractor) -> "Actor":
        return cls(kind="contractor", contractor=contractor)

    @classmethod
    def for_party(cls, party: Party) -> "Actor":
        return cls(kind="resident", user=party.user, party=party)

    @classmethod
    def for_integration(cls, name: str) -> "Actor":
        """The company's own system (its ERP) writing through the API: it acts for the staff."""
        return cls(kind="staff", name=name)

    @classmethod
    def system(cls) -> "Actor":
        return cls(kind="system")

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.kind == "staff":
            return str(self.user)
        if self.kind == "contractor":
            return self.contractor.name
        if self.kind == "resident" and self.party:
            return self.party.display_name
        return "System"

    def event_fields(self) -> dict:
        """The actor columns of a timeline row."""
        return {"actor": self.user if self.user and self.user.pk else None, "actor_label": self.label}
