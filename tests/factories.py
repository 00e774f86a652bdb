"""factory-boy factories for every model; tests build their data with these, never by hand."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Absence, User
from catalogs.models import (
    CatalogGroup,
    CatalogItem,
    Category,
    ExtraField,
    Priority,
    Responsibility,
    WorkflowRule,
)
from estate.models import (
    BankAccount,
    BoardMembership,
    Building,
    CaretakerAssignment,
    Contractor,
    ContractorContact,
    Document,
    NoticePost,
    Ownership,
    Party,
    Property,
    PropertyFeature,
    Team,
    TeamMembership,
    Tenancy,
    Trade,
    Unit,
)
from tickets.models import (
    AffectedParty,
    Attachment,
    ChangeRequest,
    FollowUp,
    Message,
    Ticket,
    TicketEvent,
)

LONG_AGO = dt.date(2020, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def roles(self, create, names, **kwargs):
        """StaffFactory(roles=["Sachbearbeitung"]): a member of those staff groups (accounts.roles)."""
        if not (create and names):
            return
        from django.contrib.auth.models import Group

        from accounts.roles import sync_roles

        # A transactional test flushes the groups the migration made; make them again when missing.
        if Group.objects.filter(name__in=names).count() < len(names):
            sync_roles()
        self.groups.set(Group.objects.filter(name__in=names))


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    user = factory.SubFactory(StaffFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(StaffFactory)


class PropertyFeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PropertyFeature
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"feature-{n}")
    name = factory.LazyAttribute(lambda f: f.code.title())


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    code = factory.Sequence(lambda n: f"WE{n:04d}")
    name = factory.Sequence(lambda n: f"Wohnanlage {n}")
    street = factory.Faker("street_address", locale="de_DE")
    postcode = factory.Faker("postcode", locale="de_DE")
    city = "Berlin"
    state = "BE"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    property = factory.SubFactory(PropertyFactory)
    street = factory.Faker("street_name", locale="de_DE")
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = factory.LazyAttribute(lambda b: b.property.postcode)
    city = factory.LazyAttribute(lambda b: b.property.city)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    number = factory.Sequence(lambda n: f"{n:05d}")
    floor = "1. OG links"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.Sequence(lambda n: f"party{n}@example.org")
    phone = "030 1234567"


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    party = factory.SubFactory(PartyFactory)
    unit = factory.SubFactory(UnitFactory)
    start = LONG_AGO


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    party = factory.SubFactory(PartyFactory)
    unit = factory.SubFactory(UnitFactory)
    start = LONG_AGO


class BoardMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMembership

    party = factory.SubFactory(PartyFactory)
    property = factory.SubFactory(PropertyFactory)
    start = LONG_AGO


class CaretakerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaretakerAssignment

    party = factory.SubFactory(PartyFactory)
    property = factory.SubFactory(PropertyFactory)
    start = LONG_AGO


def resident_user(party: Party) -> User:
    """Give a party a portal login (as the magic-link sign-in does)."""
    user = UserFactory(username=f"party-{party.pk}", email=party.email)
    party.user = user
    party.save(update_fields=["user"])
    return user


class TradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trade
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"trade-{n}")
    name = factory.LazyAttribute(lambda t: t.code.title())


class ContractorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contractor

    name = factory.Sequence(lambda n: f"Handwerk {n} GmbH")
    email = factory.Sequence(lambda n: f"auftrag{n}@handwerk.example")


class ContractorContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractorContact

    contractor = factory.SubFactory(ContractorFactory)
    name = factory.Faker("name", locale="de_DE")


class BankAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankAccount

    party = factory.SubFactory(PartyFactory)
    iban = "DE89370400440532013000"
    holder = factory.LazyAttribute(lambda b: b.party.display_name)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    code = factory.Sequence(lambda n: f"category-{n}")
    kind = Category.Kind.DAMAGE
    name_de = "Schaden"
    allows_public = True


class CatalogGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogGroup

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"group-{n}")
    name_de = "Sanitär"


class CatalogItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogItem

    group = factory.SubFactory(CatalogGroupFactory)
    code = factory.Sequence(lambda n: f"ITEM-{n}")
    name_de = "WC-Spülung defekt"
    default_priority = Priority.NORMAL
    allows_public = True


class ExtraFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraField

    item = factory.SubFactory(CatalogItemFactory)
    key = factory.Sequence(lambda n: f"field_{n}")
    label_de = "Seit wann?"


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    team = factory.SubFactory(TeamFactory)


class WorkflowRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkflowRule

    contractor = factory.SubFactory(ContractorFactory)


class TicketFactory(factory.django.DjangoModelFactory):
    """A stored ticket without routing; use tickets.services.ticket_create to test the real path."""

    class Meta:
        model = Ticket

    reference = factory.Sequence(lambda n: f"2026-{n + 900000:06d}")
    item = factory.SubFactory(CatalogItemFactory)
    category = factory.LazyAttribute(lambda t: t.item.group.category)
    property = factory.SubFactory(PropertyFactory)
    reporter = factory.SubFactory(PartyFactory)
    description = "Die Spülung läuft ständig nach."
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))


class AffectedPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffectedParty

    ticket = factory.SubFactory(TicketFactory)
    party = factory.SubFactory(PartyFactory)


class TicketEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketEvent

    ticket = factory.SubFactory(TicketFactory)
    kind = TicketEvent.Kind.CREATED


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    kind = Message.Kind.PUBLIC
    body = "Wir kümmern uns darum."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    ticket = factory.SubFactory(TicketFactory)
    file = factory.django.FileField(filename="foto.jpg", data=b"\xff\xd8\xff")
    original_name = "foto.jpg"
    content_type = "image/jpeg"
    size = 3


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    ticket = factory.SubFactory(TicketFactory)
    due_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(StaffFactory)
    owner = factory.SelfAttribute("created_by")


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    kind = ChangeRequest.Kind.BANK_ACCOUNT
    party = factory.SubFactory(PartyFactory)
    new_values = factory.LazyFunction(lambda: {"iban": "DE02120300000000202051", "holder": "Erika Muster"})


class NoticePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticePost

    property = factory.SubFactory(PropertyFactory)
    title = "Wasserabstellung am Dienstag"
    body = "Am Dienstag ist von 8 bis 12 Uhr das Wasser abgestellt."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    party = factory.SubFactory(PartyFactory)
    title = "Betriebskostenabrechnung 2025"
    kind = "betriebskosten"
    file = factory.django.FileField(filename="bk-2025.pdf", data=b"%PDF-1.4 test")


def create_in_bulk(factory_class, rows, **fields) -> list:
    """Rows of `factory_class`'s model in one INSERT: no save(), no post-generation hooks.

    For the query-count tests that need 50 rows, not 50 of everything around them. `rows` is a count or one
    dict of fields per row; every foreign key must be passed as a saved object (a SubFactory left to itself
    is only built, and the INSERT refuses an unsaved relation)."""
    per_row = [{}] * rows if isinstance(rows, int) else list(rows)
    objects = [factory_class.build(**{**fields, **row}) for row in per_row]
    return factory_class._meta.model.objects.bulk_create(objects)
