"""pytest plugin: live or in-process telconf servers and SDK clients for a test suite."""
