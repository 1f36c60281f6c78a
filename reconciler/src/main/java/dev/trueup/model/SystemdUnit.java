package dev.trueup.model;

/** The unit trueup writes for a systemd-run service. */
public record SystemdUnit(String unit, String exec, String user) {}
