"""Wissen: help articles for tenants, staff and contractors, and the company's legal texts."""
