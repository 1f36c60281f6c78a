package dev.trueup.validate.schema;

/** A problem found in a document, before it is placed in the file. */
record Finding(String code, String pointer, String key, String message, String hint, int depth) {}
