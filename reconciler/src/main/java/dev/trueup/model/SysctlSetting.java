package dev.trueup.model;

/** A kernel parameter ({@code net.ipv4.ip_forward}) and the value it should have. */
public record SysctlSetting(String key, String value, Origins origins) {}
