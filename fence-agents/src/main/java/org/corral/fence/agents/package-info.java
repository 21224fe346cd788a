/** Corral module fence-agents. */
package org.corral.fence.agents;
