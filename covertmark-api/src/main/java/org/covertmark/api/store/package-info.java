/**
 * The trace store service-provider interface: where parsed traces are kept so that many strategy
 * runs can read them without parsing the capture again. A
 * {@link org.covertmark.api.store.TraceStoreProvider} found through {@link java.util.ServiceLoader}
 * opens a {@link org.covertmark.api.store.TraceStore} by URI scheme; the store imports a
 * {@link org.covertmark.api.store.PacketStream} under a {@link org.covertmark.api.store.TraceImport},
 * describes what it holds as {@link org.covertmark.api.store.StoredTrace}s, and reads packets back
 * by {@link org.covertmark.api.filter.PacketFilter}, counts them, or lists the distinct values of a
 * {@link org.covertmark.api.store.PacketField}.
 */
package org.covertmark.api.store;
