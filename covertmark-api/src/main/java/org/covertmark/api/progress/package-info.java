/** Progress of long work, for applications that show it: {@link org.covertmark.api.progress.ProgressListener}. */
package org.covertmark.api.progress;
