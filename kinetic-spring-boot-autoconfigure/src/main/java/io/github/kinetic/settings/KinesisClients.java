package io.github.kinetic.settings;

import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The three AWS clients KCL works with.
 *
 * @param kinesis the Kinesis client
 * @param dynamoDb the DynamoDB client, for the lease table
 * @param cloudWatch the CloudWatch client, for KCL's metrics when they are published
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisClients(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb,
		CloudWatchAsyncClient cloudWatch) {

}
