/** The lifecycle events the runtime always listens to, whatever the rules. */
export const LIFECYCLE_EVENTS = ["plugin:subscription:updated", "plugin:settings:saved"] as const;
