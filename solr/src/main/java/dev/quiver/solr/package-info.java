/** The Quiver API on a SolrCloud collection: {@link dev.quiver.solr.SolrQuiver}. */
@NullMarked
package dev.quiver.solr;

import org.jspecify.annotations.NullMarked;
