/** Corral module fenced. */
package org.corral.fenced;
