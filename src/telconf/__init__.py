"""telconf: a self-hosted server for Telnyx's v2 number-configuration and messaging-profile API."""

__version__ = "0.1.0"
