/** Corral module cluster-conf. */
package org.corral.conf;
