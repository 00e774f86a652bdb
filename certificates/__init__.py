"""Bescheinigungen: the certificates a tenant asks their landlord for (Wohnungsgeberbestätigung,
Mietschuldenfreiheitsbescheinigung, Mietbescheinigung), written from the data we hold."""
