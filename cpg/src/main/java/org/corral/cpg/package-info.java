/** Corral module cpg. */
package org.corral.cpg;
