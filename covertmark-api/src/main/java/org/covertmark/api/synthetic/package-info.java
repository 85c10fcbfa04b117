/**
 * Synthetic traffic: TCP conversations with the payloads a test or an example chooses, built as
 * packets that decode exactly as captured ones would. For strategy authors' unit tests (with the
 * strategy test kit of {@code covertmark-testkit}) and for examples that need no capture file.
 */
package org.covertmark.api.synthetic;
