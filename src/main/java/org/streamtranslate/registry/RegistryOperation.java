package org.streamtranslate.registry;

/** Registry call that a response belongs to, because the same error code means different things per call. */
enum RegistryOperation {
    REGISTER, LOOKUP, SCHEMA_BY_ID, COMPATIBILITY, LATEST, PING
}
