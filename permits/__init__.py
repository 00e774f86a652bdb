"""Erlaubnisse: the tenant asks for a permission the tenancy agreement reserves (Untervermietung,
Tierhaltung), staff decide, the letter is the tenant's to keep; built on the process engine."""
