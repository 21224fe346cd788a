/** Corral module quorum. */
package org.corral.quorum;
