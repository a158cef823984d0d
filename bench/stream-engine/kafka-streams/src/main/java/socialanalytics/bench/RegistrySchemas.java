package socialanalytics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Writer schemas by id from a Confluent-compatible registry ({@code GET /schemas/ids/{id}}),
 * fetched once per id and cached, as the Confluent serde does.
 */
final class RegistrySchemas {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final String baseUrl;

  RegistrySchemas(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  Schema byId(int id) {
    return byId.computeIfAbsent(id, this::fetch);
  }

  private Schema fetch(int id) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("registry answered " + response.statusCode() + " for schema id " + id);
      }
      JsonNode body = json.readTree(response.body());
      return new Schema.Parser().parse(body.get("schema").asText());
    } catch (IOException e) {
      throw new IllegalStateException("registry unreachable for schema id " + id, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted fetching schema id " + id, e);
    }
  }
}
