/** Shared primitives of the totem module (JDK only). */
package org.corral.totem.base;
