"""Zahlungen: the money processes of a tenancy, built on the process engine (processes.engine).

- payments.requests     Zahlungsaufforderung: a one-off amount the tenant pays by transfer, with the
                        EPC QR code (GiroCode) their banking app scans; settled by the ERP or by staff
- payments.reminders    the reminder schedule of open payment requests (Celery beat)
- payments.epc          the EPC069-12 payload, its QR code as SVG, an IBAN in groups of four
- payments.arrears      Mietrückstand: what the ERP reports a tenant owes; in_arrears / open_arrear
- payments.plans        Ratenzahlung: proposal, decision or counter-proposal, the running plan, its end
- payments.schedule     the terms of a plan checked, and the instalments they make (the last takes the rest)
- payments.instalments  an instalment paid (ERP or staff) or waived; paid off when none is open
- payments.plan_reminders  late instalments: the tenant reminded, then the case worker told (Celery beat)
- payments.signals      payment_reminder_due, announced for whoever tells the tenant (notifications)
- payments.standard     the templates zahlungsaufforderung, zahlungsweise, ratenzahlung and their step codes
"""
