/**
 * The MongoDB trace store, {@code mongodb://host:port/database}: traces parsed once and kept in a
 * MongoDB database, one collection per trace plus a metadata collection, read back through
 * server-side queries translated from strategic packet filters.
 */
package org.covertmark.store.mongodb;
