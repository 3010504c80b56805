/**
 * The yardstick of the overhead benchmark: Apollo Server 5 on express 5 with a type-graphql
 * schema of one trivial resolver, nothing else. Run as its own process by
 * overhead.bench.ts; listens on PORT and prints `ready` once it does.
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import http from 'node:http';
import { buildSchema, Query, Resolver } from 'type-graphql';

@Resolver()
class BareResolver {
  @Query(() => String)
  hello(): string {
    return 'world';
  }
}

async function main(): Promise<void> {
  const schema = await buildSchema({ resolvers: [BareResolver], validate: false });
  const apollo = new ApolloServer({ schema });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve),
  );
  console.log('ready');
  process.on('SIGTERM', () => {
    void apollo.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
