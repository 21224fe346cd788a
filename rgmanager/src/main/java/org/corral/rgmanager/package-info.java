/** Corral module rgmanager. */
package org.corral.rgmanager;
