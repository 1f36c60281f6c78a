package dev.trueup.diff;

/** Something a plan must say about a node that is not a change: a resource left alone and why. */
public record Note(String resource, String message) {}
