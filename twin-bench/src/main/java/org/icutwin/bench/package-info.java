/**
 * JMH benchmarks of icutwin's hot paths. Not a test suite: run them as documented in
 * docs/performance.md and record the figures there.
 */
package org.icutwin.bench;
