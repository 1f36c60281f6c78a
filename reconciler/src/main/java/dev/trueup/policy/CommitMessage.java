package dev.trueup.policy;

/** A commit that touched a resource's sources: its short id and full message. */
public record CommitMessage(String shortId, String message) {}
