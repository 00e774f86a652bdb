"""Zahlungen: the money processes of a tenancy, built on the process engine (processes.engine).

- payments.requests     Zahlungsaufforderung: a one-off amount the tenant pays by transfer, with the
                        EPC QR code (GiroCode) their banking app scans; settled by the ERP or by staff
- payments.reminders    the reminder schedule of open payment requests (Celery beat)
- payments.epc          the EPC069-12 payload, its QR code as SVG, an IBAN in groups of four
- payments.signals      payment_reminder_due, announced for whoever tells the tenant (notifications)
- payments.standard     the process templates zahlungsaufforderung and zahlungsweise, their step codes
"""
