"""Vertragsänderungen: a change to a tenancy agreement (name, a co-tenant moving in or out, the contact
person), each carried by a process (processes.Process, so by its ticket) and by the tickets.ChangeRequest
that staff approve and the ERP books. Changes go through contracts.requests and contracts.decisions; the
process steps through processes.engine."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Tenancy, Unit
from processes.access import processes_for
from processes.models import Process, ProcessParty
from tickets.models import ChangeRequest

from .consent import relation_word


def _full_name(values: dict) -> str:
    return " ".join(values.get(key, "") for key in ("first_name", "last_name") if values.get(key))


class ContractChangeQuerySet(models.QuerySet):
    def with_facts(self) -> "ContractChangeQuerySet":
        """Everything a list row shows, joined: one query whatever the count."""
        return self.select_related(
            "process__ticket",
            "process__template",
            "process__current_step__template",
            "requested_by",
            "person",
            "unit__building",
            "change_request",
            "decided_by",
        )

    def of_party(self, party: Party) -> "ContractChangeQuerySet":
        """The changes a person asked for, is the subject of (coming or going), or was asked to consent
        to: those whose process names them. Never by the unit alone: a former tenant's changes are not
        the next tenant's business."""
        named = ProcessParty.objects.filter(process=OuterRef("process"), party=party)
        return self.filter(Q(requested_by=party) | Q(person=party) | Exists(named))

    def visible_to(self, user) -> "ContractChangeQuerySet":
        return self.filter(process__in=processes_for(user))

    def pending(self) -> "ContractChangeQuerySet":
        return self.filter(state=ContractChange.State.PENDING)


class ContractChange(models.Model):
    """Vertragsänderung: what a tenant (or staff for them) asked to change in a tenancy agreement."""

    class Kind(models.TextChoices):
        NAME = "name", _("Namensänderung")
        MOVE_IN = "move_in", _("Aufnahme eines Mitmieters")
        MOVE_OUT = "move_out", _("Entlassung aus dem Mietvertrag")
        CONTACT = "contact", _("Ansprechpartner / Zustellbevollmächtigte")

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Zustimmung und Freigabe")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Ehepartnerin oder Ehepartner")
        PARTNER = "partner", _("Lebenspartnerin oder Lebenspartner")
        OTHER = "other", _("weitere Person")

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="contract_change")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.PROTECT, related_name="contract_changes", verbose_name=_("Mietverhältnis")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contract_changes")
    requested_by = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="contract_changes_requested",
        verbose_name=_("beantragt von"),
    )
    # The incoming or leaving person (move in / move out).
    person = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract_changes_about",
        verbose_name=_("Person"),
    )
    relation = models.CharField(_("Beziehung"), max_length=10, choices=Relation.choices, blank=True)
    birth_date = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    effective_date = models.DateField(_("gilt ab"), null=True, blank=True)
    change_request = models.OneToOneField(
        ChangeRequest,
        on_delete=models.PROTECT,
        related_name="contract_change",
        verbose_name=_("Änderungsantrag"),
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    # Nachtrag zum Mietvertrag (move in / move out), rendered on approval and kept with each tenant's
    # documents (estate.Document rows point at the same file).
    addendum = models.FileField(_("Nachtrag (PDF)"), upload_to="contracts/addenda/", blank=True)
    addendum_sealed = models.BooleanField(_("Nachtrag versiegelt"), default=False)
    # The consent links sent (contracts.consent_links): {party id: {"round": n, "sent_at": ..., "reminded_at":
    # ...}}; a link of an earlier round no longer opens.
    consent_links = models.JSONField(_("Zustimmungslinks"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vertragsänderung")
        verbose_name_plural = _("Vertragsänderungen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="contract_change_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.requested_by}"

    @property
    def reference(self) -> str:
        return self.process.ticket.reference

    @property
    def summary(self) -> str:
        """Old → new in one line, for the lists (the change request keeps both sides)."""
        old, new = self.change_request.old_values or {}, self.change_request.new_values or {}
        if self.kind == self.Kind.NAME:
            return f"{_full_name(old)} → {_full_name(new)}"
        if self.kind == self.Kind.CONTACT:
            return new.get("name", "")
        return self.person.display_name if self.person_id else ""

    @property
    def relation_word(self) -> str:
        """Ehepartnerin, Lebenspartner ... by the person's salutation (contracts.consent.relation_word)."""
        return relation_word(self.relation, self.person.salutation if self.person_id else "")

    @property
    def needs_consent(self) -> bool:
        return self.kind in (self.Kind.MOVE_IN, self.Kind.MOVE_OUT)

    @property
    def _consents_done(self) -> bool:
        step = self.process.current_step
        return step is not None and step.template.code == "approval"

    @property
    def state_label(self) -> str:
        """The state as the pages say it: a change nobody else consents to, or everyone has consented to,
        waits only for the approval (the lists load the current step with the change)."""
        if self.state == self.State.PENDING and (not self.needs_consent or self._consents_done):
            return str(_("wartet auf Freigabe"))
        return self.get_state_display()


class ContactPersonQuerySet(models.QuerySet):
    def current(self) -> "ContactPersonQuerySet":
        return self.filter(valid_until__isnull=True)


class ContactPerson(models.Model):
    """Ansprechpartner/in or Zustellbevollmächtigte/r of a tenancy (a carer, a relative with power of
    attorney): who we talk to, and, where the scope says so, who our letters go to. Never overwritten: a new
    one ends the one before (valid_until), so the history stays."""

    class Scope(models.TextChoices):
        CONTACT = "contact", _("Ansprechperson für Rückfragen und Termine")
        POST = "post", _("Zustellungsbevollmächtigte Person: unsere Post geht an sie")
        ALL = "all", _("Vollmacht in allen Angelegenheiten des Mietvertrags")

    class Basis(models.TextChoices):
        RELATIVE = "relative", _("Angehörige oder Angehöriger")
        POWER_OF_ATTORNEY = "attorney", _("Vorsorgevollmacht / Vollmacht")
        GUARDIAN = "guardian", _("gerichtlich bestellte Betreuung")
        OTHER = "other", _("sonstige")

    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.CASCADE, related_name="contact_persons", verbose_name=_("Mietverhältnis")
    )
    change = models.OneToOneField(
        ContractChange, on_delete=models.PROTECT, null=True, blank=True, related_name="contact_person"
    )
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    scope = models.CharField(_("Umfang"), max_length=10, choices=Scope.choices)
    basis = models.CharField(_("Grundlage"), max_length=10, choices=Basis.choices)
    valid_from = models.DateTimeField(_("gültig ab"), default=timezone.now)
    valid_until = models.DateTimeField(_("gültig bis"), null=True, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["tenancy", "valid_until"], name="contact_person_tenancy_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_scope_display()})"

    @property
    def receives_post(self) -> bool:
        return self.scope in (self.Scope.POST, self.Scope.ALL)

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.street, f"{self.postcode} {self.city}".strip()) if line)
