"""Vorgänge: customer processes beyond a repair (end of tenancy, nuisance, home modification, ...).

A ProcessTemplate (Vorgangsart) is a sequence of StepTemplates; a running Process belongs to one ticket
(`ticket.process`), so it is routed, queued, overdue-checked and has its timeline like every ticket.

- processes.engine      the one door for changes: start, complete, skip, update_data, add_party, cancel
- processes.access      the one door for who may see and do what: roles_of, may_see_process,
                        may_see_step, may_act, processes_for, visible_steps
- processes.signatures  simple electronic signatures: sign, verify
- processes.signals     step_started, step_completed, process_ended (give a step its behaviour)
- processes.standard    the standard templates and their stable step codes
- processes.deadlines   working-day deadlines with the property's public holidays

Roles (models.Role): tenant, co_tenant, complainant, accused, case_worker, inspector, contractor, system.
Step kinds (models.StepKind): form, check, consent, appointment, inspection, document, letter, decision,
wait, child_ticket.
"""
