"""Reads of tickets. `visible_to` is the one door to what a user may see: every page, file download
and export goes through it."""

from dataclasses import dataclass

from django.db import connections, models
from django.db.models import BooleanField, Q, StringAgg, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from catalogs.models import Priority

from .status import Status

# The rank each priority is stored as (Ticket.priority_rank), emergency first.
PRIORITY_RANKS = {Priority.EMERGENCY: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TicketQuerySet":
        """What this signed-in user may see: staff everything, residents their own and the public ones
        of their properties for their roles, the caretaker also the work released to them."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_staff:
            may = staff_access(user)
            return self.filter(
                self._staff_filter(user.pk, confidential=may.confidential, closed=may.closed, teams=may.teams)
            )
        party = getattr(user, "party", None)
        if party is None:
            return self.none()
        # No joins in the filter, so no DISTINCT: it would only add a sort over every column.
        return self.filter(_resident_rule(self.db, party.pk))

    def one_visible_to(self, user) -> "TicketQuerySet":
        """`visible_to` for a page that opens one ticket, as the query itself (never inside another query:
        the rule goes in as SQL text naming the ticket table). For staff the two permissions are asked in
        the same SQL instead of by a query of their own (on the one row it reads they cost nothing), so a
        permission granted or taken away counts from the next request on, and the rule is compiled to SQL
        once per process instead of built from querysets on every request."""
        staff = user is not None and user.is_authenticated and user.is_active and user.is_staff
        if not staff or user.is_superuser:
            return self.visible_to(user)
        return self.filter(_staff_rule(self.db, user.pk))

    @staticmethod
    def _staff_filter(user_id: int, *, confidential, closed, teams: tuple[int, ...] | None = None) -> Q:
        """A confidential case (restricted_to set) only for that colleague and those who may see
        confidential cases. A closed case for those who may see every closed case, and otherwise for
        the staff who keep it: its assignee, its team, and whoever worked on it (left a row in its
        timeline), so a case worker never loses a ticket she answered or closed.

        Each permission comes either as what the user holds, read once per request (`staff_access`: a
        colleague who holds it gets no clause at all; the permission joins inside a ticket query that
        reads many rows cost more to plan, several ms each, than the one small query that reads them), or
        as SQL asking for it (`one_visible_to`). The teams likewise: read with the permissions, or an
        uncorrelated subquery (no `teams`). The timeline check comes last and is one probe of the event
        index per closed row that nothing before it let through. No joins, so no DISTINCT."""
        from estate.models import TeamMembership

        from .models import TicketEvent

        allowed = _unless(confidential, Q(restricted_to__isnull=True) | Q(restricted_to=user_id))
        if closed is True:
            return allowed
        my_teams = teams or TeamMembership.objects.filter(user=user_id).values("team_id")
        # The redundant `>=` keeps this a probe per row: with equalities alone PostgreSQL may choose to
        # hash every ticket the user ever acted on (hundreds of thousands in a long career) first.
        ticket = models.OuterRef("pk")
        events = TicketEvent.objects.filter(ticket=ticket, ticket__gte=ticket, actor=user_id)
        worked_on = models.Exists(events)
        kept = Q(status__in=Status.active()) | Q(assignee=user_id) | Q(team__in=my_teams) | Q(worked_on)
        return allowed & _unless(closed, kept)

    @staticmethod
    def _resident_filter(party_id: int, *, on=None) -> Q:
        """The resident's rule built from querysets, for the day `on` (today by default); `visible_to`
        uses it compiled (`_resident_rule`)."""
        from estate.models import BoardMembership, CaretakerAssignment, Ownership, Tenancy

        def ids(roles):
            return roles.objects.property_ids_of(party_id, on=on)

        # Each role sees the public tickets meant for it, so the properties are asked role by role.
        public = Q(visibility="public") & (
            Q(show_to_tenants=True, property_id__in=ids(Tenancy))
            | Q(show_to_owners=True, property_id__in=ids(Ownership))
            | Q(show_to_board=True, property_id__in=ids(BoardMembership))
            | Q(show_to_caretakers=True, property_id__in=ids(CaretakerAssignment))
        )
        # A caretaker named on an open ticket is only proposed: the job is theirs once released.
        released_to_them = Q(caretaker=party_id) & ~Q(status=Status.OPEN)
        return Q(reporter=party_id) | released_to_them | public

    def for_contractor(self, contractor) -> "TicketQuerySet":
        """The jobs released to this contractor (what the contractor's links may open)."""
        return self.filter(contractor=contractor).exclude(status=Status.OPEN)

    def active(self) -> "TicketQuerySet":
        return self.filter(status__in=Status.active())

    def overdue(self, now=None) -> "TicketQuerySet":
        return self.active().filter(due_at__lt=now or timezone.now())

    def due_before(self, when) -> "TicketQuerySet":
        return self.filter(due_at__lt=when)

    def of_reporter(self, party) -> "TicketQuerySet":
        return self.filter(reporter=party)

    # The back-office queue (Arbeitskorb).
    def for_queue(self) -> "TicketQuerySet":
        """What a queue row shows, in one query. Six joins plan in about a millisecond once the
        permission checks are plain values (see `staff_access`)."""
        return self.select_related("item", "property", "unit__building", "reporter", "assignee").defer(
            "search_vector"
        )

    def of_priority(self, priority: str) -> "TicketQuerySet":
        """By the stored rank, which the urgency indexes lead with (a priority filter then reads its
        tickets in due-time order from one of them)."""
        return self.filter(priority_rank=PRIORITY_RANKS[priority])

    def due_between(self, start=None, end=None) -> "TicketQuerySet":
        """Due in [start, end), compared as the queue sorts due times (`due_key`), so the range is read
        from the due-time indexes in their order. A ticket without a due time is in no range."""
        from .models import FAR_FUTURE, due_key

        tickets = self.filter(LessThan(due_key(), end or FAR_FUTURE))
        return tickets.filter(GreaterThanOrEqual(due_key(), start)) if start else tickets

    def assigned_to(self, user) -> "TicketQuerySet":
        return self.filter(assignee=user)

    def of_teams_of(self, user) -> "TicketQuerySet":
        """The tickets of the user's teams, named by their ids: PostgreSQL then plans with what it knows of
        each team (one team holds two thirds of a million tickets, another a few thousand). Behind a
        subquery it guessed a third of the table for any team, and at a million tickets 'Mein Team' with a
        property, group, channel or category filter took 20-160 ms where the ids take 0.1-3 ms."""
        teams = staff_access(user).teams if user.is_staff else ()
        if teams:
            return self.filter(team__in=teams)
        from estate.models import TeamMembership

        return self.filter(team__in=TeamMembership.objects.filter(user=user).values("team_id"))

    def unassigned(self) -> "TicketQuerySet":
        return self.filter(assignee__isnull=True)

    def follow_up_due(self, day) -> "TicketQuerySet":
        """Tickets with a Wiedervorlage due on or before `day` that nobody has ticked off."""
        from .models import FollowUp

        return self.filter(
            models.Exists(
                FollowUp.objects.filter(ticket=models.OuterRef("pk"), due_on__lte=day, done_at=None)
            )
        )

    def matching(self, text: str) -> "TicketQuerySet":
        from .search import search_filter

        return self.filter(search_filter(text))


def can_see_reporter(ticket, user) -> bool:
    """An anonymous ticket hides its reporter from everyone but staff (and the reporter)."""
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    party = getattr(user, "party", None) if user is not None and user.is_authenticated else None
    if party is not None and ticket.reporter_id == party.pk:
        return True
    return not ticket.is_anonymous


@dataclass(frozen=True)
class StaffAccess:
    """Which of the tickets permissions a staff member holds, directly or through a group, and the teams
    they belong to."""

    confidential: bool
    closed: bool
    teams: tuple[int, ...] = ()


def staff_access(user) -> StaffAccess:
    """The user's ticket permissions and teams in one query, kept on the user object for the rest of the
    request (like Django's own permission cache): the next request loads the user, and asks, again."""
    known = getattr(user, "_ticket_access", None)
    if known is None:
        sql, params, alias = _staff_access_sql()
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user.pk if p == _ANY_USER else p for p in params])
            held = cursor.fetchone()
        confidential, closed, team_ids = held or (False, False, "")
        # SQLite answers the EXISTS as 0 or 1.
        known = StaffAccess(
            bool(confidential), bool(closed), tuple(sorted(int(n) for n in (team_ids or "").split(",") if n))
        )
        user._ticket_access = known
    return known


# The SQL of `staff_access` per database: building and compiling its User query (two permission EXISTS
# and the team ids) cost 2.6 ms of Python on every queue page; now it is compiled once per process.
_STAFF_ACCESS_SQL: dict[tuple, tuple[str, tuple]] = {}


def _staff_access_sql() -> tuple[str, tuple, str]:
    from accounts.models import User

    alias = User.objects.db
    key = (alias, connections[alias].vendor)
    compiled = _STAFF_ACCESS_SQL.get(key)
    if compiled is None:
        sql, params = staff_access_query(_ANY_USER).query.get_compiler(using=alias).as_sql()
        compiled = _STAFF_ACCESS_SQL[key] = (sql, tuple(params))
    sql, params = compiled
    return sql, params, alias


def staff_access_query(user_id: int) -> models.QuerySet:
    """What `staff_access` asks, as a queryset: (confidential, closed, the team ids joined by commas)."""
    from accounts.models import User
    from estate.models import TeamMembership

    teams = (
        TeamMembership.objects.filter(user=models.OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(ids=StringAgg(Cast("team_id", models.CharField()), delimiter=Value(",")))
        .values("ids")
    )
    return (
        User.objects.filter(pk=user_id)
        .annotate(
            confidential=_holds(user_id, "view_confidential"),
            closed=_holds(user_id, "view_closed"),
            team_ids=models.Subquery(teams),
        )
        .values_list("confidential", "closed", "team_ids")
    )


def _holds(user, codename: str) -> models.Exists:
    """Whether `user` (or a user id) holds the tickets permission `codename`, directly or through a
    group, as SQL."""
    from django.contrib.auth.models import Permission

    held = Permission.objects.filter(content_type__app_label="tickets", codename=codename).filter(
        Q(user=user) | Q(group__user=user)
    )
    return models.Exists(held)


def _unless(held, clause: Q) -> Q:
    """`clause`, unless the permission is held: True (held, no clause), False (the clause) or SQL asking."""
    if held is True:
        return Q()
    if held is False:
        return clause
    return Q(held) | clause


# A user id no account has: the staff rule is compiled with it once, and each request puts its own in.
_ANY_USER = -(2**31) + 7331
# The staff rule's SQL per database (`one_visible_to`): building it from querysets and compiling it cost
# more Python on the ticket page than anything in its query but the selected columns.
_STAFF_RULE_SQL: dict[tuple, tuple[str, tuple]] = {}


def _staff_rule(alias: str, user_id: int) -> RawSQL:
    from .models import Ticket

    connection = connections[alias]
    key = (alias, connection.vendor)
    compiled = _STAFF_RULE_SQL.get(key)
    if compiled is None:
        rule = TicketQuerySet._staff_filter(
            _ANY_USER,
            confidential=_holds(_ANY_USER, "view_confidential"),
            closed=_holds(_ANY_USER, "view_closed"),
        )
        query = Ticket.objects.filter(rule).query
        sql, params = query.get_compiler(connection=connection).compile(query.where)
        compiled = _STAFF_RULE_SQL[key] = (sql, tuple(params))
    sql, params = compiled
    # The ORM's own SQL, values as parameters.
    return RawSQL(sql, [user_id if p == _ANY_USER else p for p in params], BooleanField())  # noqa: S611


# A party id no one has: the resident rule is compiled with it once a day, and each request puts its own in.
_ANY_PARTY = -(2**31) + 7332
# The resident rule's SQL per database and day (the roles current that day are in it): building it from
# querysets and compiling it cost 2-3 ms of Python on every portal page that lists or opens tickets.
_RESIDENT_RULE_SQL: dict[tuple, tuple[str, tuple]] = {}


def _resident_rule(alias: str, party_id: int) -> "_TicketRule":
    from .models import Ticket

    connection = connections[alias]
    day = timezone.localdate()
    key = (alias, connection.vendor, day)
    compiled = _RESIDENT_RULE_SQL.get(key)
    if compiled is None:
        query = Ticket.objects.filter(TicketQuerySet._resident_filter(_ANY_PARTY, on=day)).query
        sql, params = query.get_compiler(connection=connection).compile(query.where)
        if len(_RESIDENT_RULE_SQL) >= 8:
            _RESIDENT_RULE_SQL.clear()  # the days gone by
        compiled = _RESIDENT_RULE_SQL[key] = (sql, tuple(params))
    sql, params = compiled
    table = Ticket._meta.db_table
    return _TicketRule(sql, tuple(party_id if p == _ANY_PARTY else p for p in params), table, table)


class _TicketRule(Expression):
    """A condition compiled before that names the ticket table by `compiled_as`. Relabelled with its
    query like a column (`relabeled_clone`), it stays right where the tickets are read inside another
    query (`Attachment.objects.filter(ticket__in=visible_to(user))`), whose ticket table is an alias.
    Its own subqueries ask nothing of the ticket (no OuterRef), so their aliases cannot clash."""

    def __init__(self, sql: str, params: tuple, compiled_as: str, table: str):
        super().__init__(output_field=BooleanField())
        self.sql, self.params, self.compiled_as, self.table = sql, params, compiled_as, table

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.table = change_map.get(self.table, self.table)
        return clone

    def as_sql(self, compiler, connection):
        sql = self.sql
        if self.table != self.compiled_as:
            was = connection.ops.quote_name(self.compiled_as)
            sql = sql.replace(f"{was}.", f"{compiler.quote_name_unless_alias(self.table)}.")
        return f"({sql})", list(self.params)

    def get_group_by_cols(self):
        return []
