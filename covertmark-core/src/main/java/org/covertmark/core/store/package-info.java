/**
 * Finding trace stores by URI and importing captures into them; the stores themselves live in
 * sub-packages and are registered as {@link org.covertmark.api.store.TraceStoreProvider}s.
 */
package org.covertmark.core.store;
