/** Corral module property-tests. */
package org.corral.sim;
