/** Corral module totem. */
package org.corral.totem;
