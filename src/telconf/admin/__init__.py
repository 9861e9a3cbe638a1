"""The admin API under /_telconf/: reset, snapshots, seed, clock, job control, faults, journal."""
