/** Command-line entry points of twin-core (the simulation printout of the README's quick start). */
package org.icutwin.core.cli;
