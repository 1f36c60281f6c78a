package dev.trueup.live;

/** A systemd unit as the node's systemd reports it. */
public record LiveUnit(String name, boolean exists, String enabled, String active) {}
