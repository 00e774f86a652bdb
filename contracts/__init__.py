"""Vertragsänderungen: changes to a tenancy agreement, each a process on the process engine
(processes.engine) with a tickets.ChangeRequest that staff approve (the one rule for sensitive data) and
the ERP books.

- contracts.requests    starting one: Namensänderung (with proof), Aufnahme / Entlassung eines Mitmieters,
                        Ansprechpartner / Zustellbevollmächtigte(r)
- contracts.consent     what every tenant and the person coming or going agree to by signed link
                        (the link itself is processes.notice_consent's)
- contracts.decisions   the staff's decision, and what an approval changes (name, tenancies, contact)
- contracts.addendum    Nachtrag zum Mietvertrag: its facts, sealed and kept with everyone's documents
- contracts.contacts    the contact person in force, who letters go to
- contracts.signals     contract_change_decided, announced for whoever tells the tenants (notifications)
- contracts.standard    the process templates and their step codes
"""
