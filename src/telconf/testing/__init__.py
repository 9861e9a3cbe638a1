"""Running telconf inside a test suite: a live server process or the app in-process."""
