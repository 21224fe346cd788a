/** Corral module tools. */
package org.corral.tools;
