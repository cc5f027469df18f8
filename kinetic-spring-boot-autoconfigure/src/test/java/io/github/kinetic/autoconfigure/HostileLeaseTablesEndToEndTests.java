package io.github.kinetic.autoconfigure;

import java.util.Map;

import io.github.kinetic.lease.LeaseTableSchemaException;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Lease tables created by someone else that KCL cannot use: an application started on one
 * fails at once, under every startup-failure policy, with an analysis that names the
 * table and the fix.
 */
class HostileLeaseTablesEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void aTableWithoutTheLeaseOwnerIndexFailsStartupOnceEvenWhenStartupIsRetried() {
		String application = KineticTestApplications.uniqueName("app");
		createTable(application, "leaseKey");
		FailureAnalysis analysis = startAndAnalyze(application, Map.of("kinetic.startup-failure", "retry"));
		System.out
			.println("Lease table without the index: " + analysis.getDescription() + " / " + analysis.getAction());
		assertThat(analysis.getDescription()).contains("'" + application + "'")
			.contains("no LeaseOwnerToLeaseKeyIndex index");
		assertThat(analysis.getAction()).contains("Delete the table '" + application + "'")
			.contains("hash key leaseKey (S)");
	}

	@Test
	void aTableWithAnotherKeyFailsStartupNamingTheTable() {
		String application = KineticTestApplications.uniqueName("app");
		createTable(application, "id");
		FailureAnalysis analysis = startAndAnalyze(application, Map.of());
		System.out.println("Lease table with another key: " + analysis.getDescription() + " / " + analysis.getAction());
		assertThat(analysis.getDescription()).contains("'" + application + "'").contains("[id (S, HASH)]");
		assertThat(analysis.getAction()).contains("kinetic.application-name");
	}

	private static FailureAnalysis startAndAnalyze(String application, Map<String, Object> properties) {
		String stream = KineticTestApplications.uniqueName("hostile-table");
		aws.createStream(stream, 1);
		Map<String, Object> all = new java.util.LinkedHashMap<>(properties);
		all.put("kinetic.application-name", application);
		all.put("kinetic.streams[0].name", stream);
		// under the retry policy a failure that can pass lets the application start and
		// retries in the background: this one must fail the start instead
		Throwable failure = catchThrowable(
				() -> KineticTestApplications.run(CollectingListenerApplication.class, all).close());
		assertThat(failure).isNotNull();
		LeaseTableSchemaException schema = findCause(failure);
		assertThat(schema.getLeaseTable()).isEqualTo(application);
		FailureAnalysis analysis = new LeaseTableSchemaFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static LeaseTableSchemaException findCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof LeaseTableSchemaException schema) {
				return schema;
			}
		}
		throw new AssertionError("No LeaseTableSchemaException in " + failure, failure);
	}

	private static void createTable(String table, String hashKey) {
		aws.dynamoDb()
			.createTable((request) -> request.tableName(table)
				.keySchema((key) -> key.attributeName(hashKey).keyType(KeyType.HASH))
				.attributeDefinitions(
						(attribute) -> attribute.attributeName(hashKey).attributeType(ScalarAttributeType.S))
				.billingMode(BillingMode.PAY_PER_REQUEST))
			.join();
	}

}
