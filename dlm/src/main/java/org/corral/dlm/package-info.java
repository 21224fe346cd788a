/** Corral module dlm. */
package org.corral.dlm;
