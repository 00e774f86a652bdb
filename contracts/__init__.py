"""Vertragsänderungen (issue: money and contract processes), built on the process engine (processes.engine)."""
